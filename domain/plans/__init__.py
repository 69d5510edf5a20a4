"""Annual industrial-promotion plans (kế hoạch khuyến công hằng năm, Decision 1811 Điều 2.4.a)."""
