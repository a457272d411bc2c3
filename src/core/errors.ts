/** Stable error codes: the CLI maps them to exit codes and messages; tests assert on them. */
export type ErrorCode =
  | 'POLICY_INVALID'
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'NOT_FOUND'
  | 'AWS_ACCESS'
  | 'AWS_ERROR'
  | 'STORE_ERROR'
  | 'REMEDIATION_REFUSED'
  | 'INTERNAL';

/** Where in a file an error is, 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export class MamoriError extends Error {
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  constructor(code: ErrorCode, message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MamoriError';
    this.code = code;
    this.location = location;
  }

  /** `file:line:column: message`, or just the message when there is no location. */
  format(): string {
    if (!this.location) return this.message;
    const { file, line, column } = this.location;
    const at = line !== undefined ? `${file}:${line}:${column ?? 1}` : file;
    return `${at}: ${this.message}`;
  }
}

export function isMamoriError(e: unknown): e is MamoriError {
  return e instanceof MamoriError;
}
