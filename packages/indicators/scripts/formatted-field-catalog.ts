import { format, resolveConfig } from 'prettier';
import { fieldCatalogModule } from '../src/field-catalog.js';

/** The catalog as the repository's formatter writes it, so `format:check` and `--check` agree. */
export async function formattedFieldCatalog(path: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(fieldCatalogModule(), { ...options, parser: 'typescript' });
}
