import { readStackConfig } from "../../automation/harness/stackFiles";
import { ConfigError, parseConfig, parseStackConfig, PlatformConfig } from "../../components/config";
import { formatProblem } from "../../components/config/errors";

export type Env = "dev" | "staging" | "prod";

/**
 * A shipped platform stack's config with `teams` added. A team of the same name among the stack's
 * self-service `tenants` is left out of them, since a team is managed in one place only.
 */
export function platformRaw(teams: unknown, env: Env = "dev"): Record<string, unknown> {
    const { tenants, ...config } = readStackConfig(env).config;
    if (tenants === undefined) {
        return { ...config, teams };
    }
    const names = Object.keys((teams ?? {}) as Record<string, unknown>);
    return { ...config, teams, tenants: Object.fromEntries(Object.entries(tenants as Record<string, unknown>).filter(([team]) => !names.includes(team))) };
}

export function parsePlatform(teams: unknown, env: Env = "dev"): PlatformConfig {
    return parseConfig(platformRaw(teams, env), env);
}

/** Every problem parseConfig reports, formatted as the CLI prints it. */
export function configProblems(raw: Record<string, unknown>, stack: string): string[] {
    try {
        parseStackConfig(raw, stack);
    } catch (e) {
        if (ConfigError.isConfigError(e)) {
            return e.problems.map(formatProblem);
        }
        throw e;
    }
    return [];
}

export function teamProblems(teams: unknown, env: Env = "dev"): string[] {
    return configProblems(platformRaw(teams, env), env);
}
