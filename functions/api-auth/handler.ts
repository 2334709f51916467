import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { authRoutes } from './routes'

/** Sign-in with a one-time code, renewal and sign-out. */
export const app = createFunctionApp(
  'auth',
  authRoutes,
  {
    requestCode: ({ body, clientId, deps }) => deps.services.auth.requestCode(body, clientId),
    register: ({ body, clientId, deps }) =>
      deps.services.auth.register(body, clientId, {
        check: (registration) => deps.services.members.checkRegistration(registration),
        create: (registration, address) => deps.services.members.registerResident(registration, address),
      }),
    verifyCode: ({ body, clientId, deps }) => deps.services.auth.verify(body, clientId),
    renew: ({ caller, deps }) => deps.services.auth.renew(caller),
    signOut: ({ caller, deps }) => deps.services.auth.signOut(caller),
  },
  lazyDeps(),
)

export const handler = handle(app)
