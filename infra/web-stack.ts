import { existsSync } from 'node:fs'
import path from 'node:path'
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3'
import { BucketDeployment, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment'
import type { Construct } from 'constructs'
import { repoRoot } from './paths'

/** The Content-Security-Policy of the site: everything from its own origin, nothing inline. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ')

/** Properties of the {@link WebStack}. */
export interface WebStackProps extends StackProps {
  /** Host name of the HTTP API (see `ApiStack.apiDomainName`). */
  readonly apiDomainName: string
  /** The built front end; defaults to `web/dist`. */
  readonly webDist?: string
}

/**
 * CloudFront Function (viewer request, default behaviour only): app routes such as
 * /communities/abc have no file extension, so they get the app shell. Not distribution-wide error
 * responses (403/404 -> /index.html): those would also replace the API's own 403 and 404 answers.
 */
export const spaRewriteCode = `function handler(event) {
  var request = event.request;
  if (!/\\.[^/]*$/.test(request.uri)) {
    request.uri = '/index.html';
  }
  return request;
}`

const placeholderPage =
  '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Buurtbeurs</title></head><body>' +
  '<p>De website is nog niet gebouwd: voer <code>npm run build:web</code> uit en deploy opnieuw.</p>' +
  '<p lang="en">The web app has not been built: run <code>npm run build:web</code> and deploy again.</p>' +
  '</body></html>'

/**
 * Source of the front end. Synth must work without a web build (CI, tests, `npm run synth`), so
 * a missing `index.html` gives a placeholder page; `npm run deploy` builds the front end first,
 * so a real deployment always ships the app.
 */
const webSource = (webDist: string): ISource =>
  existsSync(path.join(webDist, 'index.html')) ? Source.asset(webDist) : Source.data('index.html', placeholderPage)

/**
 * The web stack: a private S3 bucket with the built front end behind a CloudFront distribution
 * that also forwards `/api/*` to the HTTP API, so the app and the API share one origin (no CORS,
 * a strict CSP with `connect-src 'self'`).
 */
export class WebStack extends Stack {
  readonly bucket: Bucket
  readonly distribution: Distribution

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props)

    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Buurtbeurs security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Links that members post lead to other sites; those sites need not see which page linked them.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
      },
    })

    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Serve index.html for app routes',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(spaRewriteCode),
    })

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Buurtbeurs web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Members are in the Netherlands: the cheapest class (Europe and North America) covers them.
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: spaRewrite }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          // A redirect would turn a POST into a GET: refuse plain HTTP instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // API Gateway rejects a Host header that is not its own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
    })

    new BucketDeployment(this, 'DeployWeb', {
      sources: [webSource(props.webDist ?? path.join(repoRoot, 'web/dist'))],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    })

    new CfnOutput(this, 'SiteUrl', {
      value: `https://${this.distribution.distributionDomainName}`,
      description: 'The Buurtbeurs site (app and API)',
    })
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId })
  }
}
