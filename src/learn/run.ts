export async function runLearn(_i: string | undefined, _l: string, _e: unknown): Promise<void> {}
