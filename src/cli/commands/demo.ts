import { type DemoResult, demo } from '../../demo.js';
import { awsOptionsFrom, stopProgress } from '../aws-options.js';
import type { CliIO } from '../io.js';
import type { Program } from '../options.js';
import { addReportOptions, parseFormats, parseShow, selectionFrom } from '../output.js';
import { printResult } from './scan.js';

/**
 * `trailguard demo`: the library's `demo()` (src/demo.ts: the built-in example organization served by
 * the emulator in this process, scanned live) printed as a scan's report.
 */
export function registerDemo(program: Program, io: CliIO): void {
  const command = addReportOptions(
    program
      .command('demo')
      .description(
        'scan a built-in example AWS Organization served by the local emulator (no AWS account needed)',
      ),
  );
  command.action(async (flags) => {
    // The demo's findings are the point: it exits 0 when it ran, so `… && trailguard demo && …` chains
    // work. Only an explicit --fail-on makes it fail like a scan.
    const failOn = command.getOptionValueSource('failOn') === 'cli' ? flags.failOn : 'none';
    const formats = parseFormats(flags.format);
    parseShow(flags.show, flags.verbose); // a wrong --show is exit 2 before anything is scanned
    // Only the progress display (on a terminal, without --quiet): the demo sets its own AWS options.
    const progress = awsOptionsFrom({ quiet: flags.quiet }, io);
    let result: DemoResult;
    try {
      result = await demo({
        ...selectionFrom(flags, io),
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      });
    } finally {
      stopProgress(progress);
    }
    await printResult(result, formats, { ...flags, failOn }, io);
    if (flags.quiet !== true) {
      io.stderr(
        `trailguard demo: live scan of ${result.report.source.accounts?.length ?? 0} emulated accounts in ${result.elapsedMs} ms (${result.stats.calls} API calls)\n`,
      );
    }
  });
}
