/**
 * The refusal a promised piece of work ends in: its DomainError (any other error is rethrown), or
 * a failure of the test if the work succeeds. For the import tests, which look at the code and the
 * details of what an import refused.
 */
import { DomainError } from '../src/domain/errors.ts';

export async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}
