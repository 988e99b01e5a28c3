import { z } from "zod";
import { RISKS } from "./risks";

/**
 * The documented shapes of the plan's JSON and SARIF outputs (docs/plan-format.md). The tests check
 * every output against them, so the documentation and the code cannot drift apart.
 */

const level = z.enum(["mandatory", "advisory"]);
const severity = z.enum(["critical", "high", "medium", "low"]);
const urn = z.string().regex(/^urn:pulumi:[^:]+::[^:]+::.+::.+$/);

export const planShape = z.strictObject({
    project: z.string().min(1),
    stack: z.string().min(1),
    environment: z.string().min(1),
    mode: z.enum(["update", "first-preview"]),
    resources: z.array(
        z.strictObject({
            urn,
            type: z.string().min(1),
            name: z.string().min(1),
            parent: urn.optional(),
            custom: z.boolean(),
            inputs: z.record(z.string(), z.unknown()),
            remoteInputs: z.record(z.string(), z.unknown()).optional(),
            outputs: z.record(z.string(), z.unknown()).optional(),
            emulatedFrom: z.string().regex(/^pulumi-eks v\d+\.\d+\.\d+ nodejs\/eks\/\S+:\d+$/).optional(),
            dependencies: z.array(urn),
            protect: z.boolean(),
            retainOnDelete: z.boolean(),
            deleteBeforeReplace: z.boolean(),
        }),
    ),
    violations: z.array(
        z.strictObject({
            policy: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
            enforcementLevel: level,
            severity,
            urn: urn.optional(),
            message: z.string().min(1),
        }),
    ),
    notJudged: z.array(z.strictObject({ policy: z.string().min(1), urn: urn.optional(), reason: z.string().min(1) })),
    implicitAccessEntries: z.array(z.strictObject({ cluster: urn, principalArn: z.string().regex(/^arn:aws[a-z-]*:/), policyArn: z.string().min(1), source: z.string().min(1) })),
    summary: z.strictObject({ resources: z.int().min(0), mandatory: z.int().min(0), advisory: z.int().min(0) }),
});

/** The subset of SARIF 2.1.0 the plan writes, with what GitHub code scanning requires of it. */
export const sarifShape = z.object({
    $schema: z.literal("https://json.schemastore.org/sarif-2.1.0.json"),
    version: z.literal("2.1.0"),
    runs: z
        .array(
            z.object({
                tool: z.object({
                    driver: z.object({
                        name: z.string().min(1),
                        rules: z.array(
                            z.object({
                                id: z.string().min(1),
                                name: z.string().min(1),
                                shortDescription: z.object({ text: z.string().min(1) }),
                                help: z.object({ text: z.string().min(1) }),
                                properties: z.object({ severity }),
                            }),
                        ),
                    }),
                }),
                automationDetails: z.object({ id: z.string().min(1) }),
                results: z.array(
                    z.object({
                        ruleId: z.string().min(1),
                        level: z.enum(["error", "warning"]),
                        message: z.object({ text: z.string().min(1) }),
                        locations: z
                            .array(
                                z.object({
                                    physicalLocation: z.object({
                                        artifactLocation: z.object({ uri: z.string().min(1) }),
                                        region: z.object({ startLine: z.int().min(1), startColumn: z.int().min(1) }),
                                    }),
                                    logicalLocations: z.array(z.object({ fullyQualifiedName: z.string().min(1), kind: z.string() })),
                                }),
                            )
                            .length(1),
                        partialFingerprints: z.object({ "kafkaPlatformFinding/v1": z.string().regex(/^[0-9a-f]{64}$/) }),
                        properties: z.object({ severity, enforcementLevel: level, configKey: z.string().startsWith("kafka-platform:").optional() }),
                    }),
                ),
            }),
        )
        .length(1),
});

const diffResource = z.strictObject({ urn, type: z.string().min(1), name: z.string().min(1), protect: z.boolean() });

/** The diff's JSON (`--diff-against ... --format json`, and `<stack>.diff.json` from plan:all). */
export const diffShape = z.strictObject({
    project: z.string().min(1),
    stack: z.string().min(1),
    environment: z.string(),
    added: z.array(diffResource),
    removed: z.array(diffResource),
    changed: z.array(
        z.strictObject({
            urn,
            type: z.string().min(1),
            name: z.string().min(1),
            replace: z.boolean(),
            protect: z.boolean(),
            changes: z
                .array(z.strictObject({ path: z.string().min(1), old: z.unknown().optional(), new: z.unknown().optional(), replaces: z.boolean() }))
                .min(1),
        }),
    ),
    risks: z.array(z.strictObject({ risk: z.enum(RISKS), severity: z.enum(["critical", "high"]), urn, message: z.string().min(1) })),
    violations: planShape.shape.violations,
    summary: z.strictObject({
        added: z.int().min(0),
        removed: z.int().min(0),
        changed: z.int().min(0),
        replaced: z.int().min(0),
        unchanged: z.int().min(0),
        risks: z.int().min(0),
        mandatory: z.int().min(0),
        advisory: z.int().min(0),
    }),
});
