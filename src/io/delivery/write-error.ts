// A file of the archive (ledger, .eml, manifest) could not be written: disk full, read-only, a quota. The run stops
// at once and reports what it did — a fault of the machine, not of the program, so never exit 70.
export class ArchiveWriteError extends Error {
  constructor(
    readonly file: string,
    error: unknown,
  ) {
    const e = error as NodeJS.ErrnoException;
    super(`could not write ${file}: ${String(e?.message ?? error)}`, { cause: error });
    this.name = 'ArchiveWriteError';
  }
}

/** Runs a write, turning a failure into an ArchiveWriteError naming the archive-relative file. */
export async function writing<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ArchiveWriteError) throw error;
    throw new ArchiveWriteError(file, error);
  }
}
