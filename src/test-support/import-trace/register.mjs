// `node --import ./register.mjs …` installs hook.mjs before the program starts.
import { register } from 'node:module';
register(new URL('./hook.mjs', import.meta.url));
