import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.ts';
import { SpecErrors } from './spec/spec-error.ts';
import { UsageError } from './commands/usage-error.ts';
import { validateCommand } from './commands/validate.ts';
import { listCommand } from './commands/list.ts';
import { layoutCommand } from './commands/layout.ts';
import { setSpecDir } from './spec/paths.ts';

const profiles = ['iommu-uapi', 'vfio-nesting', 'iommufd'];

export function buildProgram(): Command {
  const program = new Command('iommu-conformance')
    .description('Conformance suite for the Linux IOMMU user API: the specification as data, checked against any implementation.')
    .option('--spec <dir>', 'the spec folder to use instead of the one in the checkout')
    .exitOverride()
    .showHelpAfterError()
    .hook('preAction', (command) => {
      const dir = command.opts<{ spec?: string }>().spec;
      if (dir) setSpecDir(dir);
    });

  program.command('validate').description('validate every spec file against its schema and cross-check the whole spec').action(validateCommand);

  program
    .command('list')
    .description('list the requirements')
    .option('--json', 'print JSON (id, level, statement, profiles, sources, critical, ...)')
    .addOption(new Option('--profile <profile>', 'only requirements of this profile').choices(profiles))
    .option('--area <area>', 'only this area (SIZE, LAYOUT, VALID, NEST, FAULT, GROW)')
    .action(listCommand);

  program
    .command('layout [struct]')
    .description('print the layout of one struct (all structs when none is named); the newest version unless --version')
    .option('--json', 'print JSON: name, profile, version, size, fields [{name, offset, size}]')
    .addOption(new Option('--profile <profile>', 'only structs of this profile').choices(profiles))
    .option('--version <n>', 'this version of the struct')
    .action(layoutCommand);

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('run')
    .description('run the conformance suite against an implementation and print a verdict per requirement')
    .requiredOption('--adapter <spec>', 'the implementation: reference, mutant:<name>, exec:<command> or kernel')
    .addOption(new Option('--profile <profile>', 'only this profile (repeatable)').choices(profiles).argParser(collect))
    .option('--requirement <id>', 'only the cases that can reach this requirement (repeatable)', collect)
    .option('--seed <n>', 'seed of the random cases (printed by every run)')
    .option('--random <n>', 'random cases per template and scenario', '20')
    .option('--no-observe', 'do not compare the object state after each case')
    .option('--case <id>', 'run only this case (replay a failure)')
    .option('--timeout <ms>', 'how long an exec adapter may take to answer one request', '10000')
    .option('--report <dir>', 'where to write report.json, junit.xml, report.tap and report.html', 'reports')
    .option('--expected <file>', 'known failures of the implementation (schemas/expected-failures.schema.json)')
    .option('--shard <k/n>', 'run only the k-th of n shares of the cases (merge the reports with report merge)')
    .option('--against <spec>', 'also run the cases against this adapter and report every case where the two differ (exit 1 if any)')
    .action(async (options) => {
      // Loaded on demand: the other commands need neither the adapters nor the reference implementation.
      const { runCommand } = await import('./commands/run.ts');
      exitCode = await runCommand(options);
    });

  program
    .command('fuzz')
    .description('random call sequences with random bytes, judged by the oracle, with the state invariants checked after each')
    .requiredOption('--adapter <spec>', 'the implementation: reference, mutant:<name>, exec:<command> or kernel')
    .addOption(new Option('--profile <profile>', 'only this profile (repeatable)').choices(profiles).argParser(collect))
    .option('--calls <n>', 'how many calls to judge', '100000')
    .option('--seed <n>', 'seed of the random sequences (printed by every run)')
    .option('--replay <plan>', 'run the one sequence a failure printed, and print the case and its result')
    .option('--timeout <ms>', 'how long an exec adapter may take to answer one request', '10000')
    .action(async (options) => {
      const { fuzzCommand } = await import('./commands/fuzz.ts');
      exitCode = await fuzzCommand(options);
    });

  program
    .command('diff <old> <new>')
    .description('classify the change between two layouts of a struct (struct@N, a layout file, or layout/import-header JSON): exit 0 compatible, 1 break')
    .option('--json', 'print JSON')
    .action(async (oldArg: string, newArg: string, options) => {
      const { diffCommand } = await import('./commands/diff.ts');
      exitCode = diffCommand(oldArg, newArg, options);
    });

  program
    .command('import-header <header>')
    .description('read struct layouts from a real C header with gcc and pahole, as layout --json prints them')
    .requiredOption('--struct <name...>', 'the structs to read')
    .action(async (header: string, options) => {
      const { importHeaderCommand } = await import('./commands/import-header.ts');
      importHeaderCommand(header, options);
    });

  program
    .command('trace')
    .description('the traceability of the spec alone: requirement → sources → rule rows → tests')
    .option('--json', 'print JSON')
    .option('--html <file>', 'write the traceability page to this file')
    .action(async (options) => {
      const { traceCommand } = await import('./commands/trace.ts');
      await traceCommand(options);
    });

  const report = program.command('report').description('work with the reports of runs');
  report
    .command('merge <files...>')
    .description('merge report.json files (several adapters, or shards of one run) into one report')
    .option('--out <dir>', 'where to write the merged report files', 'reports/merged')
    .action(async (files: string[], options) => {
      const { reportMergeCommand } = await import('./commands/report.ts');
      await reportMergeCommand(files, options);
    });

  program
    .command('adapters')
    .description('list the adapters, and every mutant with the requirements it breaks')
    .option('--json', 'print JSON')
    .action(async (options) => {
      const { adaptersCommand } = await import('./commands/adapters.ts');
      adaptersCommand(options);
    });

  program
    .command('serve')
    .description('serve an in-process adapter over the exec protocol on stdin/stdout (docs/adapter-protocol.md)')
    .requiredOption('--adapter <spec>', 'the adapter to serve: reference or mutant:<name>')
    .action(async (options) => {
      const { serveCommand } = await import('./commands/serve.ts');
      await serveCommand(options);
    });

  return program;
}

let exitCode: number = EXIT.ok;

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usageOrSpec;
    if (e instanceof SpecErrors) {
      for (const error of e.errors) console.error(error.message);
      console.error(`spec invalid: ${e.errors.length} problem${e.errors.length === 1 ? '' : 's'}`);
      return EXIT.usageOrSpec;
    }
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}`);
      return EXIT.usageOrSpec;
    }
    throw e;
  }
}

// A reader that stops early (`| head`) is not an error of the run.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw e;
});
process.exitCode = await main(process.argv);
