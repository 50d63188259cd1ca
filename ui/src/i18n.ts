// Every string the UI shows, in English and Bahasa Malaysia, side by side so a
// missing translation is a type error rather than a blank on screen.
import type { Language } from "./types";

/** A string and its translation, English first. */
export type Words = readonly [en: string, ms: string];
/** What fills a string's `{name}` placeholders. */
export type Vars = Record<string, string | number>;

const STRINGS = {
  app_name: ["Kaunter", "Kaunter"],
  env_demo: ["Demo", "Demo"],
  env_staging: ["Staging", "Staging"],
  env_production: ["Production", "Produksi"],
  wallet: ["Wallet", "Dompet"],
  balance_low: ["Low balance", "Baki rendah"],
  refresh: ["Refresh", "Muat semula"],
  read_only: ["Read-only account: payments are disabled", "Akaun baca sahaja: pembayaran dimatikan"],
  nav_counter: ["Counter", "Kaunter"],
  nav_history: ["History", "Sejarah"],
  nav_export: ["Statement", "Penyata"],
  nav_settings: ["Settings", "Tetapan"],
  nav_reconcile: ["Reconcile", "Penyesuaian"],
  nav_lookup: ["Was this customer charged?", "Adakah pelanggan ini dicaj?"],
  keychain_problem: ["Keychain problem", "Masalah rantai kunci"],
  blocked: [
    "IIMMPACT has blocked this PC's internet address after too many requests. Nothing is sent until {until} (GMT+8).",
    "IIMMPACT telah menyekat alamat internet PC ini kerana terlalu banyak permintaan. Tiada apa-apa dihantar sehingga {until} (GMT+8).",
  ],
  blocked_other_causes: [
    "It may also mean this PC's address is not on the account's IP allowlist, or the API key belongs to the other environment (Staging or Production).",
    "Ia mungkin juga bermaksud alamat PC ini tiada dalam senarai IP yang dibenarkan untuk akaun, atau kunci API itu milik persekitaran lain (Staging atau Produksi).",
  ],
  block_check: ["Check now (one request)", "Semak sekarang (satu permintaan)"],
  block_checking: ["Checking…", "Menyemak…"],
  time_on_day: ["{time} on {date}", "{time} pada {date}"],
  keychain_no_session_bus: [
    "No D-Bus session bus, so the keyring cannot be reached — run Kaunter from a desktop session (or start one with dbus-run-session)",
    "Tiada bas sesi D-Bus, jadi rantai kunci tidak dapat dicapai — jalankan Kaunter dari sesi desktop (atau mulakan satu dengan dbus-run-session)",
  ],
  keychain_no_secrets_provider: [
    "No keyring service (Secret Service) is running — install gnome-keyring (apt install gnome-keyring) or KeePassXC with Secret Service on, then log in again",
    "Tiada perkhidmatan rantai kunci (Secret Service) berjalan — pasang gnome-keyring (apt install gnome-keyring) atau KeePassXC dengan Secret Service dihidupkan, kemudian log masuk semula",
  ],
  keychain_locked: [
    "The keyring is locked — unlock the login keyring (Passwords and Keys / Seahorse, or log out and in), then try again",
    "Rantai kunci berkunci — buka kunci rantai kunci log masuk (Kata Laluan dan Kunci / Seahorse, atau log keluar dan masuk semula), kemudian cuba lagi",
  ],

  product: ["Product", "Produk"],
  product_search: ["Search product by name or code", "Cari produk mengikut nama atau kod"],
  product_none: ["No product matches", "Tiada produk sepadan"],
  recent: ["Recent", "Terkini"],
  account: ["Account", "Akaun"],
  amount: ["Amount (RM)", "Jumlah (RM)"],
  bill_check: ["Check bill", "Semak bil"],
  bill_checking: ["Checking bill…", "Menyemak bil…"],
  biller: ["Biller", "Pengebil"],
  customer: ["Customer", "Pelanggan"],
  outstanding: ["Outstanding", "Tunggakan"],
  due_date: ["Due date", "Tarikh akhir"],
  likely_refused: ["This payment will likely be refused", "Pembayaran ini mungkin ditolak"],
  network_interruption: [
    "Interruption! This product may be slow or fail right now. You can still pay.",
    "Gangguan! Produk ini mungkin lambat atau gagal sekarang. Anda masih boleh bayar.",
  ],
  next: ["Next", "Seterusnya"],
  back: ["Back", "Kembali"],
  confirm_title: ["Confirm payment", "Sahkan pembayaran"],
  confirm_hint: ["Read it back to the customer, then press Enter to pay.", "Baca semula kepada pelanggan, kemudian tekan Enter untuk bayar."],
  pay: ["Pay", "Bayar"],
  paying: ["Sending…", "Menghantar…"],
  pay_again: ["Pay again anyway", "Bayar sekali lagi"],
  duplicate_open: [
    "This same payment is still open ({state}, reference {refid}). It may yet go through, so it cannot be paid again: re-check it or open it.",
    "Pembayaran yang sama ini masih terbuka ({state}, rujukan {refid}). Ia mungkin masih berjaya, jadi ia tidak boleh dibayar lagi: semak semula atau bukanya.",
  ],
  duplicate_final: [
    "This same payment was made moments ago ({state}, reference {refid}). Pay again only if the customer wants a second one.",
    "Pembayaran yang sama ini baru sahaja dibuat ({state}, rujukan {refid}). Bayar lagi hanya jika pelanggan mahukan yang kedua.",
  ],
  open_payment: ["Open payment", "Buka pembayaran"],
  not_paid: ["Not paid: nothing was sent and the customer was not charged.", "Tidak dibayar: tiada apa-apa dihantar dan pelanggan tidak dicaj."],
  not_sent_note: [
    "This payment never left this PC, so the customer was not charged. Pay it again only if the customer still wants it.",
    "Pembayaran ini tidak pernah keluar dari PC ini, jadi pelanggan tidak dicaj. Bayar sekali lagi hanya jika pelanggan masih mahukannya.",
  ],
  last_error: ["Last problem", "Masalah terakhir"],
  result_title: ["Payment", "Pembayaran"],
  status: ["Status", "Status"],
  refid: ["Reference", "Rujukan"],
  serial: ["Serial no.", "No. siri"],
  pin: ["PIN", "PIN"],
  voucher_link: ["Voucher link", "Pautan baucar"],
  voucher_not_stored: [
    "This PIN was not kept on this PC (no keychain to lock it in): it cannot be shown or reprinted later. Hand it to the customer now, or write it down.",
    "PIN ini tidak disimpan di PC ini (tiada rantai kunci untuk menguncinya): ia tidak boleh dipaparkan atau dicetak semula kemudian. Serahkan kepada pelanggan sekarang, atau tuliskannya.",
  ],
  voucher_not_stored_short: ["Not kept on this PC", "Tidak disimpan di PC ini"],
  print_receipt: ["Print receipt", "Cetak resit"],
  new_sale: ["New sale", "Jualan baharu"],
  still_pending: [
    "Waiting for the provider. Kaunter keeps re-checking with the same reference, even after you start the next sale; the customer is never charged twice.",
    "Menunggu pembekal. Kaunter terus menyemak semula dengan rujukan sama, walaupun selepas anda memulakan jualan seterusnya; pelanggan tidak akan dicaj dua kali.",
  ],
  status_sending: ["Sending", "Menghantar"],
  status_pending: ["Pending", "Dalam proses"],
  status_succeeded: ["Successful", "Berjaya"],
  status_failed: ["Failed", "Gagal"],
  status_refunded: ["Refunded", "Dipulangkan"],
  status_unknown: ["Unclear: re-checking", "Tidak pasti: menyemak semula"],
  status_not_sent: ["Not sent — nothing was charged", "Tidak dihantar — tiada caj"],
  all_statuses: ["All statuses", "Semua status"],
  date: ["Date", "Tarikh"],
  total: ["Amount", "Jumlah"],
  reason: ["Reason", "Sebab"],
  // Why IIMMPACT failed a payment (FailureReason), in words a cashier repeats to the customer.
  failure_invalid_account: [
    "Invalid account or mobile number, or the number is barred or terminated",
    "Akaun atau nombor telefon tidak sah, atau nombor itu disekat atau ditamatkan",
  ],
  failure_merchant_suspended: ["The merchant account is suspended or not authorised", "Akaun peniaga digantung atau tidak dibenarkan"],
  failure_insufficient_credit: ["Not enough credit in the wallet", "Baki dompet tidak mencukupi"],
  failure_invalid_product: ["Wrong format or invalid product", "Format salah atau produk tidak sah"],
  failure_out_of_stock: ["The product is out of stock", "Produk kehabisan stok"],
  failure_service_unavailable: ["The service is unavailable, try again later", "Perkhidmatan tidak tersedia, cuba lagi kemudian"],
  failure_rejected_by_provider: ["Rejected by the provider", "Ditolak oleh pembekal"],
  failure_duplicate_or_daily_limit: [
    "Duplicate transaction, or the daily limit for this account was reached",
    "Transaksi berganda, atau had harian akaun ini telah dicapai",
  ],
  failure_provider_timeout: ["The provider timed out", "Pembekal tidak menjawab dalam masa"],
  failure_blacklisted: ["The account is blacklisted", "Akaun ini disenarai hitam"],
  failure_number_just_activated: ["The customer's mobile number was just activated", "Nombor telefon pelanggan baru sahaja diaktifkan"],
  failure_invalid_denomination: ["Invalid denomination", "Nilai tidak sah"],
  receipt_thanks: ["Thank you", "Terima kasih"],
  receipt_timezone: ["Date/time: Malaysia (GMT+8)", "Tarikh/masa: Malaysia (GMT+8)"],
  expiry: ["Expiry", "Tamat tempoh"],
  note: ["Note", "Nota"],

  history_title: ["Today's payments", "Pembayaran hari ini"],
  filter_status: ["Filter by status", "Tapis mengikut status"],
  filter_account: ["Filter by account", "Tapis mengikut akaun"],
  time: ["Time", "Masa"],
  recheck: ["Re-check", "Semak semula"],
  reprint: ["Reprint", "Cetak semula"],
  totals: ["Totals", "Jumlah"],
  count: ["Count", "Bilangan"],
  no_payments: ["No payments yet", "Tiada pembayaran lagi"],

  lookup_title: ["Was this customer charged?", "Adakah pelanggan ini dicaj?"],
  lookup_query: ["Account number or reference", "Nombor akaun atau rujukan"],
  search: ["Search", "Cari"],
  close: ["Close", "Tutup"],
  lookup_none: ["No payment found in this counter's journal", "Tiada pembayaran dalam jurnal kaunter ini"],

  export_title: ["Statement export", "Eksport penyata"],
  date_from: ["From", "Dari"],
  date_to: ["To", "Hingga"],
  single_day: ["Single day", "Satu hari"],
  report: ["Report", "Laporan"],
  report_statement: ["Balance statement", "Penyata baki"],
  report_transactions: ["Transactions", "Transaksi"],
  entry_type: ["Entry type", "Jenis catatan"],
  type_all: ["All types", "Semua jenis"],
  type_deposit: ["Deposit", "Deposit"],
  type_transaction: ["Transaction", "Transaksi"],
  type_refund: ["Refund", "Bayaran balik"],
  type_commission: ["Commission", "Komisen"],
  bom: ["Excel: add a UTF-8 BOM", "Excel: tambah BOM UTF-8"],
  save_to: ["Save to", "Simpan ke"],
  browse: ["Choose…", "Pilih…"],
  export_file_type_hint: [
    "Saved as an Excel workbook (.xlsx); end the name in .csv for a CSV file.",
    "Disimpan sebagai buku kerja Excel (.xlsx); akhiri nama dengan .csv untuk fail CSV.",
  ],
  export_start: ["Export", "Eksport"],
  export_cancel: ["Cancel export", "Batal eksport"],
  export_rows: ["{rows} rows, {pages} pages", "{rows} baris, {pages} halaman"],
  export_done: ["Saved {rows} rows to {path}", "{rows} baris disimpan ke {path}"],
  export_cancelled: ["Export cancelled; no file was written", "Eksport dibatalkan; tiada fail ditulis"],
  group_none: ["(none given)", "(tiada)"],
  opening: ["Opening balance", "Baki awal"],
  closing: ["Closing balance", "Baki akhir"],
  open_folder: ["Open folder", "Buka folder"],
  file_exists: ["{file} already exists. Replace it?", "{file} sudah wujud. Gantikannya?"],
  replace: ["Replace", "Gantikan"],
  cancel: ["Cancel", "Batal"],

  reconcile_title: ["Reconcile with IIMMPACT", "Penyesuaian dengan IIMMPACT"],
  reconcile_hint: [
    "Matches this PC's payments with IIMMPACT's own records and balance statement. A payment still open here that IIMMPACT has settled is settled here too.",
    "Memadankan pembayaran PC ini dengan rekod dan penyata baki IIMMPACT sendiri. Pembayaran yang masih terbuka di sini tetapi telah selesai di IIMMPACT turut diselesaikan di sini.",
  ],
  reconcile_run: ["Reconcile", "Sesuaikan"],
  reconcile_running: [
    "Reading IIMMPACT's transactions and statement for these days…",
    "Membaca transaksi dan penyata IIMMPACT untuk hari-hari ini…",
  ],
  reconcile_matched: ["Matched", "Sepadan"],
  reconcile_mismatches: ["Mismatches", "Tidak sepadan"],
  reconcile_open_at_both: ["Still open at both", "Masih terbuka di kedua-dua pihak"],
  reconcile_settled: ["Settled from IIMMPACT", "Diselesaikan mengikut IIMMPACT"],
  reconcile_counted: [
    "{journal} payments in this PC's journal, {iimmpact} transactions at IIMMPACT",
    "{journal} pembayaran dalam jurnal PC ini, {iimmpact} transaksi di IIMMPACT",
  ],
  reconcile_statement: ["Balance statement", "Penyata baki"],
  reconcile_statement_balances: [
    "Balances: closing − opening equals the sum of its {entries} entries",
    "Seimbang: baki akhir − baki awal sama dengan jumlah {entries} catatannya",
  ],
  reconcile_statement_empty: ["No entries in these days", "Tiada catatan pada hari-hari ini"],
  reconcile_statement_off: [
    "Does not balance: opening {opening}, closing {closing}, but the {entries} entries sum to {sum}",
    "Tidak seimbang: baki awal {opening}, baki akhir {closing}, tetapi jumlah {entries} catatan ialah {sum}",
  ],
  reconcile_debits_unmatched: [
    "Payment debits without their transaction at IIMMPACT: {count}",
    "Debit pembayaran tanpa transaksinya di IIMMPACT: {count}",
  ],
  reconcile_none: ["Every payment agrees: nothing to look at", "Semua pembayaran sepadan: tiada apa-apa untuk disemak"],
  reconcile_filter_kind: ["Filter by kind", "Tapis mengikut jenis"],
  reconcile_all_kinds: ["All kinds ({count})", "Semua jenis ({count})"],
  reconcile_kind: ["Kind", "Jenis"],
  reconcile_journal: ["This PC", "PC ini"],
  reconcile_iimmpact: ["IIMMPACT", "IIMMPACT"],
  reconcile_absent: ["Not listed", "Tiada"],
  reconcile_settled_to: ["settled: {state}", "diselesaikan: {state}"],
  reconcile_rows_hint: [
    "↑ ↓ move between the rows; Esc clears the filter, then goes back to the counter.",
    "↑ ↓ bergerak antara baris; Esc mengosongkan penapis, kemudian kembali ke kaunter.",
  ],
  reconcile_export: ["Export mismatches", "Eksport yang tidak sepadan"],
  reconcile_export_hint: [
    "Every mismatch is saved, whatever the filter: an Excel workbook (.xlsx), or a CSV file if the name ends in .csv.",
    "Semua yang tidak sepadan disimpan, apa pun penapisnya: buku kerja Excel (.xlsx), atau fail CSV jika nama berakhir dengan .csv.",
  ],
  reconcile_exporting: ["Saving…", "Menyimpan…"],
  iimmpact_unclear: ["Unclear", "Tidak jelas"],

  settings_title: ["Settings", "Tetapan"],
  environment: ["Environment", "Persekitaran"],
  env_demo_hint: ["Demo runs a simulator on this PC: no real money moves.", "Demo menjalankan simulator pada PC ini: tiada wang sebenar bergerak."],
  credentials: ["API credentials", "Kelayakan API"],
  api_key: ["API key", "Kunci API"],
  secret: ["HMAC secret (Base64)", "Rahsia HMAC (Base64)"],
  secret_stored: ["A secret is stored. Type a new one to replace it.", "Rahsia telah disimpan. Taip yang baharu untuk menggantikannya."],
  secret_none: ["No secret stored", "Tiada rahsia disimpan"],
  from_env_vars: ["Set by IIMMPACT_API_KEY / IIMMPACT_API_SECRET", "Ditetapkan oleh IIMMPACT_API_KEY / IIMMPACT_API_SECRET"],
  save_credentials: ["Save to keychain", "Simpan ke rantai kunci"],
  clear_credentials: ["Clear", "Padam"],
  test_connection: ["Test connection", "Uji sambungan"],
  test_ok: ["Connected: {name}, balance {balance}", "Bersambung: {name}, baki {balance}"],
  outlet_name: ["Outlet name", "Nama kedai"],
  counter_name: ["Counter name", "Nama kaunter"],
  counter_name_hint: [
    "Sent with every payment, so IIMMPACT's records and the summaries say which counter sold it. Give each counter its own name.",
    "Dihantar bersama setiap pembayaran, supaya rekod IIMMPACT dan ringkasan menunjukkan kaunter mana yang menjualnya. Beri setiap kaunter namanya sendiri.",
  ],
  receipt_header: ["Receipt header", "Pengepala resit"],
  language: ["Language", "Bahasa"],
  rate: ["Request budget (requests per second)", "Had permintaan (permintaan sesaat)"],
  rate_hint: [
    "At most {max}: this PC's share of IIMMPACT's limit per internet address (30,000 requests per 5 minutes, shared by the outlet's counters). Above it IIMMPACT blocks the address for 240 minutes.",
    "Paling banyak {max}: bahagian PC ini daripada had IIMMPACT bagi setiap alamat internet (30,000 permintaan setiap 5 minit, dikongsi oleh kaunter-kaunter kedai). Melebihinya, IIMMPACT menyekat alamat itu selama 240 minit.",
  ],
  low_balance_threshold: ["Low-balance warning below (RM)", "Amaran baki rendah di bawah (RM)"],
  proxy: ["Proxy (only if this office needs one)", "Proksi (hanya jika pejabat ini memerlukannya)"],
  proxy_hint: [
    "Leave empty to use this PC's proxy settings. No user name or password here: Kaunter keeps no password in its settings. Demo never uses a proxy.",
    "Biarkan kosong untuk guna tetapan proksi PC ini. Jangan letak nama pengguna atau kata laluan di sini: Kaunter tidak menyimpan kata laluan dalam tetapannya. Demo tidak pernah guna proksi.",
  ],
  env_selected: ["selected", "dipilih"],
  production_title: ["Switch to Production?", "Tukar ke Produksi?"],
  production_warning: [
    "In Production every sale spends REAL MONEY from this account's IIMMPACT wallet, and a voucher or reload, once sent, cannot be taken back. Switch only when the shop is ready to sell for real.",
    "Dalam Produksi setiap jualan membelanjakan WANG SEBENAR daripada dompet IIMMPACT akaun ini, dan baucar atau tambah nilai yang telah dihantar tidak boleh ditarik balik. Tukar hanya apabila kedai sedia menjual secara sebenar.",
  ],
  production_confirm: ["Yes, use real money", "Ya, guna wang sebenar"],
  production_stay: ["Stay in {env}", "Kekal dalam {env}"],

  supervisor_title: ["Supervisor PIN", "PIN penyelia"],
  supervisor_pin: ["Supervisor PIN", "PIN penyelia"],
  supervisor_prompt: [
    "Settings are for the supervisor. Enter the PIN, then press Enter; Esc goes back to the counter.",
    "Tetapan adalah untuk penyelia. Masukkan PIN, kemudian tekan Enter; Esc kembali ke kaunter.",
  ],
  supervisor_unlock: ["Open Settings", "Buka Tetapan"],
  supervisor_checking: ["Checking…", "Menyemak…"],
  supervisor_wrong: [
    "Wrong PIN. {tries} more wrong tries lock Settings for 5 minutes.",
    "PIN salah. {tries} lagi cubaan salah akan mengunci Tetapan selama 5 minit.",
  ],
  supervisor_locked: [
    "Too many wrong PINs: no PIN is accepted until {until} (GMT+8), not even the right one.",
    "Terlalu banyak PIN salah: tiada PIN diterima sehingga {until} (GMT+8), termasuk PIN yang betul.",
  ],
  supervisor_ended: [
    "The supervisor's 5 minutes are over: enter the PIN again.",
    "5 minit penyelia telah tamat: masukkan PIN sekali lagi.",
  ],
  supervisor_forgot: [
    "Forgot the PIN? On this PC run “kaunter supervisor reset”. It clears Kaunter's settings and API keys (the payment history stays); then re-enter the keys.",
    "Terlupa PIN? Pada PC ini jalankan “kaunter supervisor reset”. Ia memadam tetapan dan kunci API Kaunter (sejarah pembayaran kekal); kemudian masukkan semula kunci itu.",
  ],
  supervisor_first_use: [
    "Who may change these settings? Set a supervisor PIN so cashiers cannot switch the environment, the keys or the account's settings. Selling never asks for it.",
    "Siapa boleh menukar tetapan ini? Tetapkan PIN penyelia supaya juruwang tidak boleh menukar persekitaran, kunci atau tetapan akaun. Jualan tidak pernah memintanya.",
  ],
  supervisor_new_pin: ["New PIN (4 to 12 digits)", "PIN baharu (4 hingga 12 angka)"],
  supervisor_repeat_pin: ["The same PIN again", "PIN yang sama sekali lagi"],
  supervisor_set: ["Set a supervisor PIN", "Tetapkan PIN penyelia"],
  supervisor_change: ["Change the PIN", "Tukar PIN"],
  supervisor_skip: ["Skip (one-person shop)", "Langkau (kedai seorang)"],
  supervisor_pin_set: ["PIN set. Settings will ask for it from now on.", "PIN ditetapkan. Tetapan akan memintanya mulai sekarang."],
  supervisor_skipped: ["No PIN: anyone at this PC may change the settings.", "Tiada PIN: sesiapa di PC ini boleh menukar tetapan."],

  account_title: ["IIMMPACT account settings", "Tetapan akaun IIMMPACT"],
  account_threshold: ["IIMMPACT low-balance e-mail below (RM)", "E-mel baki rendah IIMMPACT di bawah (RM)"],
  account_threshold_none: ["None set at IIMMPACT", "Tiada ditetapkan di IIMMPACT"],
  account_threshold_current: ["Now: {amount}", "Sekarang: {amount}"],
  account_threshold_save: ["Save threshold", "Simpan had"],
  account_threshold_hint: [
    "When set, the header's low-balance warning follows this amount instead of the local one below.",
    "Apabila ditetapkan, amaran baki rendah di pengepala mengikut jumlah ini dan bukan jumlah tempatan di bawah.",
  ],
  callback_url: ["Callback URL", "URL panggil balik"],
  callback_method: ["Callback method", "Kaedah panggil balik"],
  callback_none: ["No callback URL set", "Tiada URL panggil balik ditetapkan"],
  callback_save: ["Save callback", "Simpan panggil balik"],
  callback_warning: [
    "A desktop PC cannot receive IIMMPACT's callbacks itself: use your own server's address here. Kaunter does not need callbacks; it checks each payment's status itself.",
    "PC meja tidak boleh menerima panggilan balik IIMMPACT sendiri: gunakan alamat pelayan anda sendiri di sini. Kaunter tidak memerlukan panggilan balik; ia menyemak status setiap pembayaran sendiri.",
  ],
  balance_low_below: ["Below {amount} ({source})", "Di bawah {amount} ({source})"],
  threshold_source_iimmpact: ["IIMMPACT's threshold", "had IIMMPACT"],
  threshold_source_settings: ["this PC's setting", "tetapan PC ini"],
  show_pin: ["Show PIN", "Tunjuk PIN"],
  hide_pin: ["Hide PIN", "Sembunyi PIN"],
  diagnostics_title: ["Support", "Sokongan"],
  diagnostics_hint: [
    "For a support request: the app's and the web view's versions, where Kaunter keeps its files, the environment, the keychain's state and the last log lines. No API key, secret or PIN is included.",
    "Untuk permintaan sokongan: versi aplikasi dan paparan web, tempat Kaunter menyimpan failnya, persekitaran, keadaan rantai kunci dan baris log terakhir. Tiada kunci API, rahsia atau PIN disertakan.",
  ],
  diagnostics_copy: ["Copy diagnostics", "Salin diagnostik"],
  diagnostics_copied: [
    "Diagnostics copied: paste them into your message to support.",
    "Diagnostik disalin: tampalkannya ke dalam mesej anda kepada pihak sokongan.",
  ],
  diagnostics_copy_by_hand: [
    "Could not copy to the clipboard: select the text below and copy it with Ctrl+C.",
    "Tidak dapat menyalin ke papan keratan: pilih teks di bawah dan salin dengan Ctrl+C.",
  ],
  save: ["Save", "Simpan"],
  saved: ["Saved", "Disimpan"],
  saving: ["Saving…", "Menyimpan…"],
  ui_error_title: ["This screen could not be shown", "Skrin ini tidak dapat dipaparkan"],
  ui_error_body: [
    "Something went wrong while showing it. No payment is lost: every payment stays in History. The details go to Kaunter's log for support.",
    "Sesuatu tidak kena semasa memaparkannya. Tiada pembayaran hilang: setiap pembayaran kekal dalam Sejarah. Butirannya dihantar ke log Kaunter untuk sokongan.",
  ],
  ui_error_back: ["Back to the counter", "Kembali ke kaunter"],

  err_account_required: ["Enter the account number", "Masukkan nombor akaun"],
  err_account_phone: ["Enter a Malaysian mobile number, e.g. 0123456789", "Masukkan nombor telefon Malaysia, cth. 0123456789"],
  err_account_digits: ["Digits only", "Angka sahaja"],
  err_account_short: ["Too short for this biller", "Terlalu pendek untuk pengebil ini"],
  err_account_chars: ["Use letters, digits and common symbols (up to 50)", "Guna huruf, angka dan simbol biasa (sehingga 50)"],
  err_amount_required: ["Enter an amount", "Masukkan jumlah"],
  err_amount_number: ["The amount must be a number, e.g. 10 or 10.50", "Jumlah mesti nombor, cth. 10 atau 10.50"],
  err_amount_decimals: ["At most two decimals (sen)", "Paling banyak dua perpuluhan (sen)"],
  err_amount_positive: ["The amount must be more than zero", "Jumlah mesti lebih daripada sifar"],
  err_amount_denomination: ["Choose one of this product's amounts", "Pilih salah satu jumlah produk ini"],
  err_product_required: ["Choose a product", "Pilih produk"],
  // A date spelled out beside a date field, whose own format follows the PC's locale.
  day_0: ["Sun", "Ahd"],
  day_1: ["Mon", "Isn"],
  day_2: ["Tue", "Sel"],
  day_3: ["Wed", "Rab"],
  day_4: ["Thu", "Kha"],
  day_5: ["Fri", "Jum"],
  day_6: ["Sat", "Sab"],
  month_1: ["Jan", "Jan"],
  month_2: ["Feb", "Feb"],
  month_3: ["Mar", "Mac"],
  month_4: ["Apr", "Apr"],
  month_5: ["May", "Mei"],
  month_6: ["Jun", "Jun"],
  month_7: ["Jul", "Jul"],
  month_8: ["Aug", "Ogo"],
  month_9: ["Sep", "Sep"],
  month_10: ["Oct", "Okt"],
  month_11: ["Nov", "Nov"],
  month_12: ["Dec", "Dis"],

  err_dates: ["The end date is before the start date", "Tarikh akhir sebelum tarikh mula"],
} as const satisfies Record<string, Words>;

export type MessageKey = keyof typeof STRINGS;

let current: Language = "en";

export function setLanguage(lang: Language): void {
  current = lang;
  // For screen readers and spelling. WebKitGTK's date fields ignore it and follow the PC's
  // locale, hence the spelled-out date beside them (dates.ts, spelledDate).
  document.documentElement.lang = lang === "ms" ? "ms-MY" : "en-MY";
}

/** `words` in `lang` (the current language unless given), with `{name}` placeholders filled. */
export function say(words: Words, vars: Vars = {}, lang: Language = current): string {
  const text = words[lang === "ms" ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The string in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, vars: Vars = {}, lang: Language = current): string {
  return say(STRINGS[key], vars, lang);
}

