"""Staff work's pure rules (steps, who may take them, conditions), one module an area."""
