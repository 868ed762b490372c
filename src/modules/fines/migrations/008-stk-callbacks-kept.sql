-- An STK callback is kept on its push and answered at once; the push is then confirmed by a query (after the
-- answer, by this process or, if it stops, by the recovery job on any instance). What the callback claimed is
-- kept to be used only if the query confirms it: the M-Pesa receipt number, amount, time and phone.
alter table fine_stk_requests add column called_back_at timestamptz;
alter table fine_stk_requests add column callback jsonb;
