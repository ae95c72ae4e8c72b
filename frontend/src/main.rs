fn main() {
    zainab_dashboard::start();
}
