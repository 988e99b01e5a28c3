import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export interface StackFileConfig {
    project: string;
    stack: string;
    /** Values of the project's own namespace, without the prefix, Pulumi.yaml defaults applied. */
    config: Record<string, unknown>;
    /** Keys held encrypted (`secure:`) in the stack file; their values cannot be read without the stack's secrets provider. */
    secretKeys: string[];
    /** Keys of other namespaces (`aws:region`, or a misspelt project name), with their namespace, as the CLI passes them too. */
    otherConfig: Record<string, unknown>;
}

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

function readYaml(file: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(file, "utf8")) as unknown;
    if (doc === null || doc === undefined) {
        return {};
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error(`${path.basename(file)}: expected a YAML mapping at the top level`);
    }
    return doc as Record<string, unknown>;
}

/** The stacks that have a Pulumi.<stack>.yaml in the project directory. */
export function listStacks(projectDir: string = PROJECT_ROOT): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * Reads a stack's config as the Pulumi CLI would hand it to the program: Pulumi.yaml's declared
 * defaults first, then the stack file's values. The mock runtime applies neither, so the
 * credential-free plan and the tests start here.
 */
export function readStackConfig(stack: string, projectDir: string = PROJECT_ROOT): StackFileConfig {
    const projectFile = readYaml(path.join(projectDir, "Pulumi.yaml"));
    const project = String(projectFile.name);
    const config: Record<string, unknown> = {};
    const declared = (projectFile.config ?? {}) as Record<string, unknown>;
    for (const [key, decl] of Object.entries(declared)) {
        const name = key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
        if (name.includes(":")) {
            continue;
        }
        if (decl !== null && typeof decl === "object" && "default" in decl) {
            config[name] = (decl as { default: unknown }).default;
        } else if (decl === null || typeof decl !== "object") {
            config[name] = decl;
        }
    }
    // The CLI reads a stack file with the project file's own extension, and Pulumi.yaml is .yaml.
    const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new Error(`no stack file Pulumi.${stack}.yaml in ${projectDir}; stacks here: ${listStacks(projectDir).join(", ") || "none"}`);
    }
    const secretKeys: string[] = [];
    const otherConfig: Record<string, unknown> = {};
    const values = (readYaml(stackFile).config ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) {
        if (!key.startsWith(`${project}:`)) {
            otherConfig[key] = value;
            continue;
        }
        const name = key.slice(project.length + 1);
        if (value !== null && typeof value === "object" && "secure" in value) {
            secretKeys.push(name);
        }
        config[name] = value;
    }
    return { project, stack, config, secretKeys, otherConfig };
}
