/**
 * Rules of the brokers' work queue. CONTRACT (implementation pending).
 */
import type { QueueItemKind } from '../schemas/vocabulary'

/** The id of the queue item of this kind about this post (or proposal): one item per reason. */
export const queueItemId = (kind: QueueItemKind, subjectId: string): string => `${kind}.${subjectId}`

/** The same time on the next working day (Monday to Friday, Europe/Amsterdam): the field's norm for a first answer. */
export declare const nextWorkingDay: (from: Date) => Date
