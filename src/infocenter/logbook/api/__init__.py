"""REST API of the control-room registers (X-7), a module per area. Each workflow step is an
action; writes go through ``services``."""
