"""Yearly reports (báo cáo kết quả thực hiện hằng năm) that departments send to Sở Công Thương."""
