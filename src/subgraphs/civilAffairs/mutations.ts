// Civil affairs sends records through `submitExchangeBatch` and
// `assistant-hub import` (EXCHANGE.md); it has no mutation of its own.
export {};
