// Civil affairs sends records through `submitExchangeBatch` and
// `assist-hub import` (EXCHANGE.md); it has no mutation of its own.
export {};
