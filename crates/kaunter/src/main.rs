fn main() -> std::process::ExitCode {
    kaunter::cli::main()
}
