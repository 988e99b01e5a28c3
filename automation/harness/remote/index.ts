import { Emulation, EmulationContext, emulateEksCluster, EKS_COMPONENT_TYPE, RemoteRegistration } from "./eks";

export type { Emulation, EmulationContext, ImplicitAccessEntry, RemoteRegistration } from "./eks";

/**
 * Remote components whose provider registers children the policy pack must see, by type token. A
 * remote component not listed here (the helm v4 Chart) is recorded as the program registers it,
 * without children: docs/plan-format.md says what that leaves out.
 */
export const REMOTE_EMULATIONS: Readonly<Record<string, (reg: RemoteRegistration, ctx: EmulationContext) => Emulation>> = {
    [EKS_COMPONENT_TYPE]: emulateEksCluster,
};
