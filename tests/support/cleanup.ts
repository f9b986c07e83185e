// Set up for every test file (vitest.config.ts): its temp folders go when its tests are done.
import { afterAll } from 'vitest';
import { removeTempFolders } from './temp.js';

afterAll(removeTempFolders);
