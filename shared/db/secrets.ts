import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

/** Reads a secret's value once per cold start (the caller keeps it). */
export const readSecret = async (secretId: string): Promise<string> => {
  const client = new SecretsManagerClient({})
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }))
    if (!SecretString) throw new Error(`Secret ${secretId} has no string value`)
    return SecretString
  } finally {
    client.destroy()
  }
}
