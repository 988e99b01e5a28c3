import { Policies, PolicyResource, StackValidationArgs, StackValidationPolicy, UnknownValueError } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";

/**
 * A stack's first preview creates the Kubernetes objects through a provider whose kubeconfig is
 * unknown until the EKS cluster exists. The engine does not configure such a provider, and its Create
 * during a preview returns no properties (pulumi/pulumi pkg/resource/plugin/provider_plugin.go,
 * Create: `!pcfg.known` → empty CreateResponse); the step stores them as the resource's outputs
 * (pkg/resource/deploy/step.go, CreateStep.Apply), and AnalyzeStack hands policies exactly those
 * outputs (pkg/resource/deploy/step_generator.go, AnalyzeResources). A stack rule would then read
 * "no spec.kafka.rack" or "no receiver" where nothing is known yet and fail the preview.
 *
 * A managed resource (one with a provider) always has outputs once it exists, so empty properties
 * mean "withheld": every read of them is an unknown value, as the engine's proxy reports one, and
 * the rules' own handling of unknowns says what they could not judge.
 */
export function hasWithheldOutputs(r: PolicyResource): boolean {
    return r.provider !== undefined && Object.keys(r.props).length === 0;
}

/** The policy SDK's sentinel for an unknown object (exported at runtime; its typings leave it out). */
const UNKNOWN_OBJECT = (policyProxy as unknown as { unknownObjectValue: unknown }).unknownObjectValue;

function unknownProps(): Record<string, unknown> {
    return new Proxy(
        {},
        {
            get(_target, key) {
                if (typeof key === "symbol") {
                    return undefined;
                }
                throw new UnknownValueError(UNKNOWN_OBJECT, [key]);
            },
        },
    );
}

/**
 * The stack's resources with withheld outputs read as unknown; parents and dependencies are the
 * same substitutes, so a rule that walks from one resource to another sees the same view.
 */
function withWithheldAsUnknown(resources: PolicyResource[]): PolicyResource[] {
    if (!resources.some(hasWithheldOutputs)) {
        return resources;
    }
    const substitutes = new Map<PolicyResource, PolicyResource>();
    for (const r of resources) {
        if (hasWithheldOutputs(r)) {
            const props = unknownProps();
            substitutes.set(r, { ...r, props, asType: ((cls: unknown) => (r.isType(cls as never) ? props : undefined)) as PolicyResource["asType"] });
        } else {
            substitutes.set(r, { ...r });
        }
    }
    const view = (r: PolicyResource) => substitutes.get(r) ?? r;
    for (const s of substitutes.values()) {
        s.dependencies = s.dependencies.map(view);
        s.propertyDependencies = Object.fromEntries(Object.entries(s.propertyDependencies).map(([k, deps]) => [k, deps.map(view)]));
        if (s.parent) {
            s.parent = view(s.parent);
        }
    }
    return resources.map(view);
}

function judgingWithheldAsUnknown(policy: StackValidationPolicy): StackValidationPolicy {
    const validate = policy.validateStack;
    return {
        ...policy,
        validateStack: (args: StackValidationArgs, report) => validate({ ...args, resources: withWithheldAsUnknown(args.resources) }, report),
    };
}

/** Every stack rule of the pack reading withheld outputs as unknown; resource rules read inputs and are left as they are. */
export function readingWithheldOutputsAsUnknown(policies: Policies): Policies {
    return policies.map((p) => ("validateStack" in p && typeof p.validateStack === "function" ? judgingWithheldAsUnknown(p) : p));
}
