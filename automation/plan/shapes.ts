import { z } from "zod";

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
    resources: z.array(
        z.strictObject({
            urn,
            type: z.string().min(1),
            name: z.string().min(1),
            parent: urn.optional(),
            custom: z.boolean(),
            inputs: z.record(z.string(), z.unknown()),
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
                                        region: z.object({ startLine: z.int().min(1) }),
                                    }),
                                    logicalLocations: z.array(z.object({ fullyQualifiedName: z.string().min(1), kind: z.string() })),
                                }),
                            )
                            .length(1),
                        properties: z.object({ severity, enforcementLevel: level }),
                    }),
                ),
            }),
        )
        .length(1),
});
