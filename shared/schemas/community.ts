import * as z from 'zod'
import { localizedTextSchema, slugSchema } from './common'
import { defaultLifecycleSettings, lifecycleSettingsSchema } from './match'
import { defaultMatchingSettings, matchingSettingsSchema } from './matching'
import { defaultValuationRules, valuationRulesSchema } from './valuation'
import { areaLevels } from './vocabulary'

export const areaLevelSchema = z.enum(areaLevels)

export const areaSchema = z
  .strictObject({
    id: slugSchema,
    name: z.string().trim().min(1).max(80),
    level: areaLevelSchema,
    /** Null for the gemeente at the top of the hierarchy. */
    parentId: slugSchema.nullable(),
  })
  .meta({ id: 'Area', description: 'A gemeente, wijk, buurt, dorp or kern' })

export const resourceTypeSchema = z
  .strictObject({ id: slugSchema, name: localizedTextSchema })
  .meta({ id: 'ResourceType', description: 'What is given: a Beursvloer corner' })

export const riskLevelSchema = z
  .enum(['light', 'sensitive'])
  .meta({ description: '`sensitive` help (personal care, children, vulnerable adults) needs a screened helper' })

export const categorySchema = z
  .strictObject({
    id: slugSchema,
    name: localizedTextSchema,
    /** The resource type a post in this category gets unless it says otherwise. */
    resourceType: slugSchema,
    riskLevel: riskLevelSchema,
  })
  .meta({ id: 'Category' })

export const helpdeskSchema = z
  .strictObject({
    name: z.string().min(1).max(120),
    phone: z.string().min(1).max(40),
    email: z.email().nullable(),
  })
  .meta({ id: 'Helpdesk', description: 'Whom residents call: the sociaal makelaars' })

export const retentionSchema = z
  .strictObject({
    /** Days a closed post is kept before it is deleted. */
    closedPostDays: z.int().min(30).max(3650),
    /** Days without activity before an account is erased (a notice goes out 30 days before). */
    inactiveMemberDays: z.int().min(90).max(3650),
  })
  .meta({ id: 'Retention' })

export const communitySchema = z
  .strictObject({
    id: slugSchema,
    name: z.string().min(1).max(120),
    description: z.string().max(1000),
    areas: z.array(areaSchema),
    resourceTypes: z.array(resourceTypeSchema),
    categories: z.array(categorySchema),
    helpdesk: helpdeskSchema.nullable(),
    retention: retentionSchema,
    /** How suggestions are scored (weights a coordinator sets) and when the broker steps in. */
    matching: matchingSettingsSchema.default(() => structuredClone(defaultMatchingSettings)),
    /** When follow-ups go out, when proposals expire, and the quiet hours for messages. */
    lifecycle: lifecycleSettingsSchema.default(() => structuredClone(defaultLifecycleSettings)),
    /** How social value is counted in euros (events copy these; every euro keeps its rule). */
    valuationRules: valuationRulesSchema.default(() => structuredClone(defaultValuationRules)),
    version: z.int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Community', description: 'A tenant: the welfare organisation or municipality running Buurtbeurs' })

export const communitySummarySchema = communitySchema
  .pick({ id: true, name: true, description: true })
  .meta({ id: 'CommunitySummary' })

export const communityListSchema = z
  .strictObject({ items: z.array(communitySummarySchema) })
  .meta({ id: 'CommunityList' })

/** Body of PUT /areas/{areaId}: create or change one area. */
export const putAreaBodySchema = z
  .strictObject({
    name: areaSchema.shape.name,
    level: areaLevelSchema,
    parentId: slugSchema.nullable(),
    /** The community version you read; the change is refused if someone changed it since. */
    version: z.int().min(1),
  })
  .meta({ id: 'PutAreaBody' })

/** Body of PUT /categories/{categoryId}: create or change one category. */
export const putCategoryBodySchema = z
  .strictObject({
    name: localizedTextSchema,
    resourceType: slugSchema,
    riskLevel: riskLevelSchema,
    version: z.int().min(1),
  })
  .meta({ id: 'PutCategoryBody' })

/** Body of PUT /settings: whom residents call, and how long data is kept. */
export const putSettingsBodySchema = z
  .strictObject({ helpdesk: helpdeskSchema.nullable(), retention: retentionSchema, version: z.int().min(1) })
  .meta({ id: 'PutSettingsBody' })

export const communityParamsSchema = z.strictObject({ communityId: slugSchema })
export const areaParamsSchema = z.strictObject({ communityId: slugSchema, areaId: slugSchema })
export const categoryParamsSchema = z.strictObject({ communityId: slugSchema, categoryId: slugSchema })

export type Area = z.infer<typeof areaSchema>
export type AreaLevel = z.infer<typeof areaLevelSchema>
export type Category = z.infer<typeof categorySchema>
export type ResourceType = z.infer<typeof resourceTypeSchema>
export type Community = z.infer<typeof communitySchema>
export type Helpdesk = z.infer<typeof helpdeskSchema>
export type Retention = z.infer<typeof retentionSchema>
export type CommunitySummary = z.infer<typeof communitySummarySchema>
export type PutAreaBody = z.infer<typeof putAreaBodySchema>
export type PutCategoryBody = z.infer<typeof putCategoryBodySchema>
export type PutSettingsBody = z.infer<typeof putSettingsBodySchema>
