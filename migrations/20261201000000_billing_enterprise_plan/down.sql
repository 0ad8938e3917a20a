DELETE FROM billing.plans WHERE id = 'enterprise';
