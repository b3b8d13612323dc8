"""What every page shares: roles and sign-in, headers, Jinja filters, forms, CSV, charts, throttles."""
