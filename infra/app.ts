/**
 * The CDK app (`cdk.json` runs it with tsx). The stacks are built in `stacks.ts`, which the tests
 * import without synthesizing to `cdk.out`.
 */
import { App } from 'aws-cdk-lib'
import { buildStacks } from './stacks'

const app = new App()
buildStacks(app)
app.synth()
