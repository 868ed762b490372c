import { readFile, stat } from 'node:fs/promises';
import { DarajaError } from '../../../platform/payments/daraja/index.ts';
import type { FinesCommand } from '../parts.ts';
import { DEFAULT_RESPONSE_TYPE, registerPaybillUrls } from './register.ts';
import { importStatement, statementReportText } from './statement.ts';

/** A statement larger than this is not a day's deposits; it is refused before it is read. */
const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;

const registerUrls: FinesCommand = {
  usage: `[--response-type Completed|Cancelled]  registers the paybill's validation and confirmation URLs with Daraja (default ${DEFAULT_RESPONSE_TYPE})`,
  async run(args, withPlatform) {
    const at = args.indexOf('--response-type');
    const responseType = at === -1 ? DEFAULT_RESPONSE_TYPE : args[at + 1];
    if (responseType !== 'Completed' && responseType !== 'Cancelled') {
      console.error('--response-type is Completed or Cancelled');
      return 64;
    }
    try {
      const registered = await withPlatform((platform) => registerPaybillUrls(platform, responseType));
      const hidden = (url: string) => url.replace(/\/paybill\/[0-9a-f]+\//, '/paybill/<secret>/');
      console.log(
        `Daraja registered the paybill's URLs (${registered.responseDescription || 'Success'}):\n` +
          `  validation:   ${hidden(registered.validationUrl)}\n` +
          `  confirmation: ${hidden(registered.confirmationUrl)}\n` +
          `  when validation does not answer: ${registered.responseType}`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof DarajaError)) throw error;
      console.error(`Daraja did not register the URLs: ${error.message}`);
      return 1;
    }
  },
};

const importStatementCommand: FinesCommand = {
  usage: '<statement.csv>  records bank deposits (columns date,reference,narrative,amount) and reports every line',
  async run(args, withPlatform) {
    const [file] = args;
    if (!file || args.length > 1) {
      console.error('Usage: sauti fines import-statement <statement.csv>');
      return 64;
    }
    let csv: string;
    try {
      if ((await stat(file)).size > MAX_STATEMENT_BYTES) {
        console.error(`${file} is over ${MAX_STATEMENT_BYTES / 1024 / 1024} MB; split it by day`);
        return 1;
      }
      csv = await readFile(file, 'utf8');
    } catch (error) {
      console.error(`${file} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const report = await withPlatform((platform) => importStatement(platform, csv));
    console.log(statementReportText(report));
    return report.refused > 0 ? 1 : 0;
  },
};

export const paybillCommands: Record<string, FinesCommand> = {
  'register-urls': registerUrls,
  'import-statement': importStatementCommand,
};
