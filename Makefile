# `sam build` runs these (BuildMethod: makefile) with ARTIFACTS_DIR set, from the project root
# (samconfig.toml builds in source). One Maven reactor build serves them: the layer carries the shared
# code and every function's third-party dependencies, each function only its own jar. -am also builds the
# testkit the functions are tested with; it sets mdep.skip, so none of its emulators is copied into the layer.

FUNCTION_MODULES := functions/outbound-listener,functions/order-worker,functions/salesforce-callback,functions/erp-events,functions/order-api,functions/batch-sync,functions/jwt-authorizer
MVN := ./dev mvn -q -DskipTests

build-SharedLayer:
	mkdir -p "$(ARTIFACTS_DIR)/java/lib"
	$(MVN) -pl $(FUNCTION_MODULES) -am package dependency:copy-dependencies \
		-DincludeScope=runtime -DoutputDirectory="$(ARTIFACTS_DIR)/java/lib"

build-OutboundListenerFunction:
	$(call function_jar,outbound-listener)

build-OrderWorkerFunction:
	$(call function_jar,order-worker)

build-SalesforceCallbackFunction:
	$(call function_jar,salesforce-callback)

build-ErpEventsFunction:
	$(call function_jar,erp-events)

build-OrderApiFunction:
	$(call function_jar,order-api)
build-BatchSyncFunction:
	$(call function_jar,batch-sync)

build-JwtAuthorizerFunction:
	$(call function_jar,jwt-authorizer)

define function_jar
	$(MVN) -pl functions/$(1) -am package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/$(1)/target/$(1)-*.jar "$(ARTIFACTS_DIR)/lib/"
endef

.PHONY: build-SharedLayer build-OutboundListenerFunction build-OrderWorkerFunction build-SalesforceCallbackFunction \
	build-ErpEventsFunction build-OrderApiFunction build-BatchSyncFunction build-JwtAuthorizerFunction
