"""Annual plans (kế hoạch khuyến công hằng năm): their mutations and reads."""
