/**
 * Text written for people: names from the manifests and file names kept on one line.
 */

/**
 * `text` with control characters (a newline in a name from the manifests or a file name) written
 * as escapes, so that every finding, every diff line and every error stays on one line and a name
 * cannot forge a line of a report.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, c => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
