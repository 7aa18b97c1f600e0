/**
 * Types for the part of sucrase's parser that lib/runtime/modules.ts reads (sucrase ships the
 * declarations under dist/types, which deep imports of dist/esm do not find on their own).
 */
declare module 'sucrase/dist/parser/index.js' {
  export interface Token {
    type: number;
    start: number;
    end: number;
    scopeDepth: number;
    contextualKeyword: number;
  }
  export function parse(input: string, isJSXEnabled: boolean, isTypeScriptEnabled: boolean, isFlowEnabled: boolean): { tokens: Token[] };
}

declare module 'sucrase/dist/parser/tokenizer/types.js' {
  export { TokenType } from 'sucrase/dist/types/parser/tokenizer/types';
}
