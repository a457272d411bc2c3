/** The values of the `restore` attribute (account ids, or `all`), or undefined when the API did not return it. */
export function restoreValues(attributes: { AttributeName?: string | undefined; AttributeValues?: string[] | undefined }[] | undefined): string[] | undefined {
  const restore = attributes?.find((a) => a.AttributeName === 'restore');
  return restore ? [...(restore.AttributeValues ?? [])] : undefined;
}
