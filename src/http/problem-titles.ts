import { accessTitles } from './problem-titles/access.ts';
import { exceptionTitles } from './problem-titles/exception.ts';
import { mandateTitles } from './problem-titles/mandates.ts';
import { platformTitles } from './problem-titles/platform.ts';
import { systemUserTitles } from './problem-titles/system-users.ts';
import type { Titles } from './problem-titles/title.ts';

/**
 * Titles of the codes the first table (problem-messages.ts) does not name: every code the domain
 * raises has a message of its own in the four languages (issue 14, item 1; the table test in
 * error-codes.int.test.ts reads the codes from the source). One file per feature, under
 * ./problem-titles/; a new namespace goes in the file of its feature.
 */
export const moreTitles: Titles = {
  ...platformTitles,
  ...accessTitles,
  ...exceptionTitles,
  ...mandateTitles,
  ...systemUserTitles,
};
