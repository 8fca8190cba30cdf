app_name = "staffwork"

urlpatterns = []
