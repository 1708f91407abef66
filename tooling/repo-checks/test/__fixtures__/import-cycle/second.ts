import { first } from './first.js';

export const second = 1;
export const useFirst = first;
