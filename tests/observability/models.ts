/**
 * The prometheus-operator models (@kubernetes-models/prometheus-operator, generated from the
 * operator's CRDs) are ES modules only; this CommonJS test build loads them with a real dynamic
 * import, which TypeScript would otherwise compile into a require().
 */
type V1 = typeof import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1");
type V1Alpha1 = typeof import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1");

const importEsm = new Function("specifier", "return import(specifier)") as <T>(specifier: string) => Promise<T>;

export async function prometheusOperatorModels(): Promise<{ v1: V1; v1alpha1: V1Alpha1 }> {
    return {
        v1: await importEsm<V1>("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1"),
        v1alpha1: await importEsm<V1Alpha1>("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1"),
    };
}

/** Validates one rendered object against the schema of its kind; throws with the schema's message. */
export async function validateMonitoringObject(object: { apiVersion: string; kind: string }): Promise<void> {
    const { v1, v1alpha1 } = await prometheusOperatorModels();
    const group = object.apiVersion === "monitoring.coreos.com/v1alpha1" ? (v1alpha1 as unknown as Record<string, unknown>) : (v1 as unknown as Record<string, unknown>);
    const Model = group[object.kind] as (new (data: unknown) => { validate(): void }) | undefined;
    if (!Model) {
        throw new Error(`no model for ${object.apiVersion} ${object.kind}`);
    }
    new Model(object).validate();
}
