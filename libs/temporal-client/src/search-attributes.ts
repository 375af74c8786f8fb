import { CASE_SEARCH_ATTRIBUTES, CLI_TYPE_NAMES } from '@app/workflows/search-attributes';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** `--search-attribute NAME=TYPE` arguments for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  return CASE_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export class MissingSearchAttributesError extends Error {
  constructor(
    readonly namespace: string,
    readonly problems: string[],
    readonly fixCommands: string[],
  ) {
    super(
      `Temporal namespace "${namespace}" lacks the search attributes the workflows use: ${problems.join('; ')}. ` +
        `Add them with:\n  ${fixCommands.join('\n  ')}`,
    );
    this.name = 'MissingSearchAttributesError';
  }
}

/**
 * Checks that the namespace has every search attribute the workflows upsert, with the right type.
 * The dev server gets them at launch; any other cluster must have them registered by an operator.
 */
export async function assertSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const response = await connection.operatorService.listSearchAttributes({ namespace });
  const present = response.customAttributes ?? {};
  const problems: string[] = [];
  const fixCommands: string[] = [];
  for (const key of CASE_SEARCH_ATTRIBUTES) {
    const typeName = CLI_TYPE_NAMES[key.type];
    const found = present[key.name];
    if (found === undefined || found === null) {
      problems.push(`${key.name} (${typeName}) is missing`);
      fixCommands.push(`temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${typeName}`);
    } else if (found !== INDEXED_VALUE_TYPE[typeName]) {
      problems.push(`${key.name} has another type than ${typeName}`);
    }
  }
  if (problems.length > 0) throw new MissingSearchAttributesError(namespace, problems, fixCommands);
}

/**
 * Registers the search attributes on a server that has none (the time-skipping test server, which
 * cannot be given them at launch).
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const searchAttributes = Object.fromEntries(CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[CLI_TYPE_NAMES[key.type]]]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
