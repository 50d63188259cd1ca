import { checkAccount } from "./validation";
import type { BillCheck, Product } from "./types";

/** A bill check's reply with what it asked about. */
export interface CheckedBill {
  product: string;
  account: string;
  result: BillCheck;
}

/**
 * The bill to show and act on: only the reply for this product and this account as
 * it will be sent. A reply that lands after the cashier typed on must neither block
 * nor describe another account.
 */
export function currentBill(checked: CheckedBill | null, product: Product | null, typed: string): BillCheck | null {
  if (!checked || !product || checked.product !== product.code) return null;
  const account = checkAccount(product, typed);
  return account.ok && account.value === checked.account ? checked.result : null;
}
