import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    PushCredentialsContext,
    pushCredentialsNames,
    renderPushInitialJob,
    renderPushRefreshCronJob,
    renderPushRole,
    renderPushRoleBinding,
    renderPushSecret,
    renderPushServiceAccount,
} from "./pushCredentialsManifests";

export interface ConnectPushCredentialsArgs {
    connectName: string;
    context: pulumi.Input<PushCredentialsContext>;
    provider: k8s.Provider;
}

/**
 * The docker config Secret the Connect build pushes to ECR with, and what keeps its token valid:
 * a service account with the build role (IRSA), a Role that may rewrite only that Secret, a Job
 * that fills it before the first build and a CronJob that refreshes it (pushCredentialsManifests.ts).
 */
export class ConnectPushCredentials extends pulumi.ComponentResource {
    /** Name of the Secret for `spec.build.output.pushSecret`. */
    readonly secretName: string;
    /** The Job that wrote the first token: a build must not start before it completes. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: ConnectPushCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:archive:ConnectPushCredentials", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        const ctx = pulumi.output(args.context);
        const c = args.connectName;

        const account = ctx.apply((x) => renderPushServiceAccount(c, x));
        const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-account`, { metadata: account.metadata }, o);
        const secretManifest = ctx.apply((x) => renderPushSecret(c, x));
        // The jobs own the token from the first run on; Pulumi only makes sure the Secret exists.
        const secret = new k8s.core.v1.Secret(`${name}-secret`, {
            metadata: secretManifest.metadata,
            type: secretManifest.type,
            stringData: secretManifest.stringData,
        }, { ...o, ignoreChanges: ["data", "stringData"] });
        const roleManifest = ctx.apply((x) => renderPushRole(c, x));
        const role = new k8s.rbac.v1.Role(`${name}-role`, { metadata: roleManifest.metadata, rules: roleManifest.rules }, o);
        const bindingManifest = ctx.apply((x) => renderPushRoleBinding(c, x));
        const binding = new k8s.rbac.v1.RoleBinding(`${name}-binding`, {
            metadata: bindingManifest.metadata,
            roleRef: bindingManifest.roleRef,
            subjects: bindingManifest.subjects,
        }, o);
        const canWrite = { ...o, dependsOn: [serviceAccount, secret, role, binding] };
        const job = ctx.apply((x) => renderPushInitialJob(c, x));
        const initial = new k8s.batch.v1.Job(`${name}-initial`, { metadata: job.metadata, spec: job.spec }, canWrite);
        const cron = ctx.apply((x) => renderPushRefreshCronJob(c, x));
        new k8s.batch.v1.CronJob(`${name}-refresh`, { metadata: cron.metadata, spec: cron.spec }, canWrite);

        this.secretName = pushCredentialsNames(c).secret;
        this.ready = [initial];
        this.registerOutputs({ secretName: this.secretName });
    }
}
