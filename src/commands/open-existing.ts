// Opens the results database a read command names, refusing a path where no database exists yet (instead of creating one).
import { existsSync } from 'node:fs';
import { HarnessError } from '../errors.js';
import { openDatabase, type Db } from '../recorder/database.js';

export function openExistingDatabase(dbPath: string, flag = '--db'): Db {
  if (!existsSync(dbPath)) {
    throw new HarnessError('E_USAGE', `${flag}: no database at "${dbPath}". Run \`s3probe run SCENARIO --db ${dbPath}\` first, or pass the file a run wrote.`);
  }
  return openDatabase(dbPath);
}
