"""Pages of the control-room registers, a module per area."""
