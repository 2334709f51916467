import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { AttributeValue as StreamAttributeValue } from 'aws-lambda'

/** Lambda's JSON event carries binary values as base64 strings; the SDK's unmarshall wants bytes. */
const toSdkValue = (value: StreamAttributeValue): AttributeValue => {
  if (value.B !== undefined) return { B: Buffer.from(value.B, 'base64') }
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b, 'base64')) }
  if (value.M !== undefined) return { M: toSdkImage(value.M) }
  if (value.L !== undefined) return { L: value.L.map(toSdkValue) }
  return value as AttributeValue
}

const toSdkImage = (image: Record<string, StreamAttributeValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toSdkValue(value)]))

/** Plain JavaScript values of a stream image (numbers as numbers, sets as Sets, binaries as bytes). */
export const unmarshallImage = (image: Record<string, StreamAttributeValue>): Record<string, unknown> =>
  unmarshall(toSdkImage(image))
