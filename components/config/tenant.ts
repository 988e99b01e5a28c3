import { z } from "zod";

/** What a tenant stack's `platformStack` holds: the name a StackReference needs. */
export const platformStackName = z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/, {
        error: "must be the platform stack's fully qualified name <organization>/<project>/<stack>, such as acme/kafka-platform/dev",
    });
