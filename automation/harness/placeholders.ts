/** How the recording writes what a plan cannot show: leaf module, shared by the recorder and the emulations. */
export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the engine gives a resource: its type qualified by every ancestor's type, joined by `$`,
 * leaving out the root stack (pulumi/pulumi pkg/resource/deploy/source_eval.go builds it from the
 * parent's qualified type, and a child of the root stack gets none). The mock runtime keeps only the
 * parent's last type and keeps the stack, so its URNs name nothing `--target` or `pulumi state` finds.
 */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
