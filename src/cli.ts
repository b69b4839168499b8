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

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
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

process.exitCode = await main(process.argv);
