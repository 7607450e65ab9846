"""LaborBridge — 劳务协作服务平台."""
