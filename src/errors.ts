/**
 * Known errors: things the user can fix (a bad flag, a bad file, no credentials). The CLI prints
 * their message as one line and exits 2; anything else is a bug and keeps its stack under --debug.
 */
export class TrailguardError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A wrong flag, argument or combination of them. */
export class UsageError extends TrailguardError {}

/** A file or directory that cannot be read or parsed (snapshot, template, .tf, suppressions, config). */
export class InputError extends TrailguardError {}

/** No usable AWS credentials, or they were rejected. */
export class CredentialsError extends TrailguardError {}
