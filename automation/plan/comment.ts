/**
 * The pull request comment: one per pull request, found again by its marker and updated on every
 * push (docs/plan-format.md, "PR comment"). Each stack's section comes from renderDiffMarkdown.
 */

/** The first line of the comment, by which the workflow finds it to update it. */
export const COMMENT_MARKER = "<!-- kafka-platform:plan-comment -->";

/** GitHub refuses comments over 65,536 characters; the rest is headroom for the preview sections. */
export const MAX_COMMENT_CHARS = 60_000;

export interface StackSection {
    stack: string;
    /** The section with every changed input. */
    full: string;
    /** The same section without the table of changed inputs. */
    short: string;
}

export interface CommentOptions {
    /** Where the full plans are: the workflow run's URL. */
    runUrl?: string;
    maxChars?: number;
}

/**
 * The comment's Markdown: every stack in full when it fits, otherwise the stacks with the most text
 * lose their table of changed inputs first, so the risks and policy findings of every stack stay.
 */
export function renderComment(sections: StackSection[], options: CommentOptions = {}): string {
    const max = options.maxChars ?? MAX_COMMENT_CHARS;
    const footer = options.runUrl ? `\nThe full plans are in the [job summary](${options.runUrl}).\n` : "";
    const header = `${COMMENT_MARKER}\n## Plan of this pull request\n\nWhat merging changes in each stack, the risks of it, and the policy findings (\`npm run plan:all -- plans --diff-against <base plans>\`).\n\n`;
    const chosen = sections.map((s) => s.full);
    const total = () => header.length + footer.length + chosen.reduce((n, s) => n + s.length + 1, 0);
    const bySize = sections.map((_, i) => i).sort((a, b) => sections[b].full.length - sections[a].full.length);
    for (const i of bySize) {
        if (total() <= max) {
            break;
        }
        chosen[i] = sections[i].short;
    }
    let body = `${header}${chosen.join("\n")}${footer}`;
    if (body.length > max) {
        const cut = "\n\n_Cut short: GitHub limits the size of a comment. The job summary has everything._\n";
        body = `${body.slice(0, max - cut.length)}${cut}`;
    }
    return body;
}
