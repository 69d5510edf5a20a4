"""Treasury accounts (tài khoản dự toán tại Kho bạc Nhà nước) of budget holders."""
